// The source Message model (iPaaS.com's Message: Id, Type, Severity, Text, Detail, custom fields, ids, links).
import { z } from 'zod';

export const MESSAGE_TYPES = ['Transfer', 'Other'] as const;
export const SEVERITIES = ['Verbose', 'Info', 'Warning', 'Error', 'None', 'Critical'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const fieldName = z.string().min(1).max(200);

/** Custom fields as an object (`{"Name": "value"}`) or as iPaaS sends them (`[{"Name": …, "Value": …}]`). */
const customFields = z
  .union([
    z.record(fieldName, scalar.nullable()),
    z.array(z.object({ Name: fieldName, Value: scalar.nullable() }).loose()).max(1_000),
  ])
  .transform((v) => {
    // A null-prototype object: custom field names come from outside and may be "__proto__".
    const out = Object.create(null) as Record<string, string>;
    const entries = Array.isArray(v) ? v.map((f) => [f.Name, f.Value] as const) : Object.entries(v);
    for (const [name, value] of entries) if (value !== null) out[name] = value;
    return out;
  });

export const messageInput = z
  .object({
    Id: z.string().trim().min(1).max(200),
    Type: z.enum(MESSAGE_TYPES).default('Other'),
    Severity: z.enum(SEVERITIES).default('Info'),
    Text: z.string().max(100_000).default(''),
    Detail: z.string().max(100_000).optional(),
    CustomFields: customFields.default(() => Object.create(null) as Record<string, string>),
    ExternalIds: z
      .array(z.object({ System: z.string(), Id: z.string() }).loose())
      .max(100)
      .default([]),
    Links: z
      .array(z.object({ Url: z.string(), Text: z.string().optional() }).loose())
      .max(100)
      .default([]),
    CreatedTime: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .meta({ id: 'Message' });

export type MessageInput = z.input<typeof messageInput>;
export type Message = z.infer<typeof messageInput> & { readonly CreatedTime: string };
