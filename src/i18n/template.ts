/** Fills `{name}` placeholders from `vars`; a placeholder without a value stays as written. Shared by the site's string tables and the search client. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}
