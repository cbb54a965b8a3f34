// What the response schemas share: a named OpenAPI component, and the times a resource was created and changed.
import { z } from 'zod';

/** An object schema registered in the OpenAPI document as component `id`. */
export const view = <S extends z.ZodRawShape>(id: string, shape: S) => z.object(shape).meta({ id });

/** When a stored resource was created and last changed (ISO 8601). */
export const stamps = { createdAt: z.string(), updatedAt: z.string() };
