/**
 * Strings a layer keeps in its config that must come back exactly: vocabulary tokens, mask and
 * OOV tokens. tfjs's `model.toJSON()` snake-cases every string value of a config
 * (`toSnakeCase`: "Hello" → "hello") and `loadLayersModel` camel-cases them back
 * (`toCamelCase`: "multi_hot" → "multiHot"), which is harmless for identifiers but destroys a
 * vocabulary. `protectConfigString` escapes exactly the characters those two functions change
 * (letters with a lowercase form, "_") plus the escape character "%" as `%<hex code point>;`,
 * so the escaped string is a fixed point of both; `unprotectConfigString` undoes it.
 * `configEnum` maps an identifier that took the camel-case trip back to Keras's snake_case.
 */

export function protectConfigString(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch === "%" || ch === "_" || ch.toLowerCase() !== ch) out += `%${ch.codePointAt(0)!.toString(16)};`;
    else out += ch;
  }
  return out;
}

export function unprotectConfigString(s: string): string {
  return s.replace(/%([0-9a-f]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

/** A token as written into a config: strings protected, numbers as they are. */
export function protectToken<T>(token: T): T {
  return (typeof token === "string" ? protectConfigString(token) : token) as T;
}

export function unprotectToken<T>(token: T): T {
  return (typeof token === "string" ? unprotectConfigString(token) : token) as T;
}

/** "multiHot" (a config loaded through tfjs) → "multi_hot"; snake_case identifiers pass through. */
export function configEnum<T>(value: T): T {
  return (typeof value === "string" && /^[a-z][A-Za-z0-9]*$/.test(value) ? value.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()) : value) as T;
}
