import { describe, expect, it } from 'vitest'
import { resetRoleSetting, setRoleSetting } from '../../../core/builders/role-settings.js'
import { renderStatic } from '../../../core/sql/sql.js'
import { settingValue } from '../../../plugins/roles/setting-value.js'

const text = (plan: ReturnType<typeof setRoleSetting>) => plan.map((s) => renderStatic(s.sql))

describe('role settings', () => {
  it('renders values as literals, per database or everywhere, and custom names by part', () => {
    expect(text(setRoleSetting({ role: 'ann', name: 'work_mem' }, ['64MB']))).toEqual([
      `ALTER ROLE "ann" SET "work_mem" TO '64MB'`,
    ])
    expect(
      text(setRoleSetting({ role: 'ann', name: 'app.tenant_id', database: 'Sales' }, [7])),
    ).toEqual([`ALTER ROLE "ann" IN DATABASE "Sales" SET "app"."tenant_id" TO 7`])
    expect(text(resetRoleSetting({ role: 'ann', name: 'search_path' }))).toEqual([
      `ALTER ROLE "ann" RESET "search_path"`,
    ])
  })

  it('refuses names that are not setting names', () => {
    expect(() => setRoleSetting({ role: 'a', name: 'x; drop' }, ['1'])).toThrow(
      /not a setting name/,
    )
    expect(() => setRoleSetting({ role: 'a', name: 'work_mem' }, [])).toThrow(/required/)
  })

  it('reads typed values the way SET does', async () => {
    expect(await settingValue(`'$user', public`)).toEqual(['$user', 'public'])
    expect(await settingValue('on')).toEqual(['on'])
    expect(await settingValue('0.5')).toEqual([0.5])
    expect(await settingValue('64MB')).toEqual(['64MB'])
    expect(await settingValue(`1; drop table t`)).toEqual(['1; drop table t'])
  })
})
