import { describe, expect, it } from 'vitest'
import { parameterReads, triggerBodyUses } from '../../../resources/view-adapter/body-uses.js'
import { operationPath, type TriggerRow } from '../../../resources/view-adapter/write-path.js'

const sorted = (s: ReadonlySet<string>) => [...s].sort()

describe('reading what an INSTEAD OF trigger does with NEW', () => {
  it('tells reads from unconditional overwrites and INTO targets; comments and strings are no uses', () => {
    const uses = triggerBodyUses(`
      DECLARE n int;
      BEGIN
        -- NEW.secret in a comment
        NEW.tenant_id := nullif(current_setting('app.tenant_id', true), '')::int;
        RAISE NOTICE 'NEW.other %', 1;
        INSERT INTO app.t (tenant_id, a, "Mixed") VALUES (NEW.tenant_id, NEW.a, NEW."Mixed")
        RETURNING id, created_at INTO NEW.id, NEW.created_at;
        RETURN NEW;
      END`)
    expect(sorted(uses.reads)).toEqual(['Mixed', 'a', 'tenant_id'])
    expect(sorted(uses.writes)).toEqual(['created_at', 'id', 'tenant_id'])
    expect(sorted(uses.overwrites)).toEqual(['created_at', 'id', 'tenant_id'])
    expect(uses.opaque).toBe(false)
    expect(uses.calls).toEqual([])
  })

  it('counts a conditional or self-reading assignment as a default, not an overwrite', () => {
    const uses = triggerBodyUses(`
      BEGIN
        IF NEW.kind IS NULL THEN NEW.kind := 'memo'; END IF;
        NEW.tenant_id := coalesce(NEW.tenant_id, 1);
        RETURN NEW;
      END`)
    expect(sorted(uses.writes)).toEqual(['kind', 'tenant_id'])
    expect(sorted(uses.overwrites)).toEqual([])
    expect(sorted(uses.reads)).toEqual(['kind', 'tenant_id'])
  })

  it('follows a function the whole row is handed to, and gives up on dynamic SQL', () => {
    expect(triggerBodyUses('BEGIN PERFORM app.check(NEW); RETURN NEW; END').calls).toEqual([
      { schema: 'app', name: 'check' },
    ])
    expect(triggerBodyUses("BEGIN EXECUTE 'x' USING NEW; RETURN NEW; END").opaque).toBe(true)
    expect(triggerBodyUses('BEGIN PERFORM row_to_json(NEW, true); RETURN NEW; END').opaque).toBe(
      true,
    )
    expect(
      sorted(parameterReads('SELECT inv.amount > 0 AND inv.customer <> $x$', 'inv') ?? new Set()),
    ).toEqual(['amount', 'customer'])
    expect(parameterReads('SELECT $1.amount', 'inv')).toBeNull()
    expect(parameterReads('SELECT f(inv)', 'inv')).toBeNull()
  })
})

describe('the write path of one trigger', () => {
  const trigger = (prosrc: string, comment: string | null = null): TriggerRow => ({
    relid: '1',
    op: 'update',
    fn_schema: 'app',
    fn_name: 'v_update',
    lanname: 'plpgsql',
    prosrc,
    md5: 'abc',
    comment,
  })
  const cols = ['id', 'tenant_id', 'customer']

  it('calls a column the body never reads ignored, and trusts a record only for the body it describes', () => {
    const body = 'BEGIN UPDATE t SET customer = NEW.customer WHERE id = OLD.id; RETURN NEW; END'
    expect(operationPath(trigger(body), cols, [])?.columns).toEqual(
      new Map([
        ['id', 'ignores'],
        ['tenant_id', 'ignores'],
        ['customer', 'reads'],
      ]),
    )
    const record = 'pg-planetary write path: {"v":1,"md5":"abc","sets":["tenant_id","customer"]}'
    const trusted = operationPath(trigger(body, record), cols, [])
    expect(trusted?.how).toBe('record')
    expect(trusted?.columns.get('tenant_id')).toBe('reads')
    const stale = operationPath(trigger(body, record.replace('abc', 'def')), cols, [])
    expect(stale?.how).toBe('body')
    expect(stale?.columns.get('tenant_id')).toBe('ignores')
  })

  it('reads every column when a called function cannot be found', () => {
    const body =
      'BEGIN PERFORM app.check(NEW); UPDATE t SET customer = NEW.customer; RETURN NEW; END'
    expect(operationPath(trigger(body), cols, [])?.columns.get('tenant_id')).toBe('reads')
  })
})
