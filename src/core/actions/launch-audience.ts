// Launch audiences: the end users an action is launched to, and the strict log reduction a wide launch brings.
import { z } from 'zod';

/** Launched to more users than this, an action's runs keep only method, path template, status and duration. */
export const STRICT_LOG_REDUCTION_ABOVE = 10;

export const launchInput = z
  .object({
    /** Email addresses; replaces the current audience. An empty list un-launches the action. */
    users: z
      .array(z.email().transform((e) => e.toLowerCase()))
      .max(100_000)
      .transform((users) => [...new Set(users)].sort()),
  })
  .strict()
  .meta({ id: 'LaunchInput' });

export interface LaunchAudience {
  readonly users: string[];
  readonly strictLogReduction: boolean;
}

export const strictLogReductionFor = (audienceSize: number): boolean =>
  audienceSize > STRICT_LOG_REDUCTION_ABOVE;
