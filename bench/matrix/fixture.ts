export const SCHEMA = 'bench_matrix'
export const TABLES = 300
export const ROLES = 200

/** Groups of ten roles each, logins in groups (some NOINHERIT), grants on tables and columns. */
export function fixture(): string {
  const out = [`CREATE SCHEMA ${SCHEMA}`]
  for (let t = 0; t < TABLES; t++) {
    out.push(`CREATE TABLE ${SCHEMA}.t_${t} (id int, a text, b text, c numeric, d date)`)
  }
  const groups = ROLES / 10
  for (let g = 0; g < groups; g++) {
    out.push(`CREATE ROLE bm_group_${g} NOLOGIN`)
    if (g > 0) out.push(`GRANT bm_group_${g - 1} TO bm_group_${g}`)
    for (let t = g; t < TABLES; t += groups) {
      out.push(`GRANT SELECT, INSERT ON ${SCHEMA}.t_${t} TO bm_group_${g}`)
      out.push(`GRANT UPDATE (a, b) ON ${SCHEMA}.t_${t} TO bm_group_${g}`)
    }
  }
  for (let r = 0; r < ROLES - groups; r++) {
    out.push(`CREATE ROLE bm_user_${r} LOGIN ${r % 7 === 0 ? 'NOINHERIT' : ''}`)
    out.push(`GRANT bm_group_${r % groups} TO bm_user_${r}`)
    out.push(`GRANT DELETE ON ${SCHEMA}.t_${r % TABLES} TO bm_user_${r}`)
  }
  out.push(`GRANT SELECT (id) ON ALL TABLES IN SCHEMA ${SCHEMA} TO PUBLIC`)
  return out.join(';\n')
}
