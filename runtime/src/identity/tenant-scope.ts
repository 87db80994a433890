/**
 * `"tenantId" = $n` for tenant rows, `"tenantId" IS NULL` for platform staff's: two plain,
 * index-friendly predicates instead of `IS NOT DISTINCT FROM`. Pushes the parameter it uses.
 */
export function tenantIs(tenantId: string | null, params: unknown[], column = `"tenantId"`): string {
  if (tenantId === null) return `${column} IS NULL`;
  params.push(tenantId);
  return `${column} = $${params.length}`;
}
