// Every console page, in the order of the navigation.
import type { RegisterPage } from '../deps.js';
import { monitoringSeries } from './monitoring-series.js';
import { monitoring } from './monitoring.js';
import { signIn } from './sign-in.js';

export const consolePages: readonly RegisterPage[] = [signIn, monitoring, monitoringSeries];
