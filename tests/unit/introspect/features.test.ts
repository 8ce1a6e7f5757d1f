import { describe, expect, it } from 'vitest'
import { catalogFeatures, tablePrivilegeNames } from '../../../core/introspect/features.js'

describe('catalogFeatures', () => {
  it('switches features on at the major that introduced them', () => {
    const on = (v: number) => catalogFeatures(v)
    expect(on(140011).major).toBe(14)
    expect(on(140011).publicationFilters).toBe(false)
    expect(on(150004).publicationFilters).toBe(true)
    expect(on(150004).membershipOptions).toBe(false)
    expect(on(160002).membershipOptions).toBe(true)
    expect(on(160002).maintainPrivilege).toBe(false)
    expect(on(170000).maintainPrivilege).toBe(true)
    expect(on(150004).lastScanTimes).toBe(false)
    expect(on(160000).lastScanTimes).toBe(true)
    expect(on(170000).publishGeneratedColumns).toBe(false)
    expect(on(180000).publishGeneratedColumns).toBe(true)
    expect(on(140011).partitionTriggerClonesVisible).toBe(false)
    expect(on(150004).partitionTriggerClonesVisible).toBe(true)
  })

  it('lists MAINTAIN among table privileges only from PG 17', () => {
    expect(tablePrivilegeNames(160005)).not.toContain('MAINTAIN')
    expect(tablePrivilegeNames(170000)).toContain('MAINTAIN')
    expect(tablePrivilegeNames(170000)).toHaveLength(8)
  })
})
