// Path patterns as replay --path and listen's routes take them: * matches any characters (slashes
// too); everything else is literal.

export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
