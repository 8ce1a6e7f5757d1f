import { describe, expect, it } from 'vitest'
import { MASK, maskSecrets } from '../../../core/changelog/mask-secrets.js'

describe('maskSecrets', () => {
  it('masks the password of CREATE and ALTER ROLE, whatever its quoting', () => {
    expect(maskSecrets(`CREATE ROLE "ann" LOGIN PASSWORD 'hunter2' VALID UNTIL 'infinity'`)).toBe(
      `CREATE ROLE "ann" LOGIN PASSWORD '${MASK}' VALID UNTIL 'infinity'`,
    )
    expect(maskSecrets(`alter role bob encrypted password 'it''s secret'`)).toBe(
      `alter role bob encrypted password '${MASK}'`,
    )
    expect(maskSecrets(`ALTER ROLE x PASSWORD E'back\\\\slash\\' quote'`)).toBe(
      `ALTER ROLE x PASSWORD '${MASK}'`,
    )
    expect(maskSecrets(`ALTER ROLE x PASSWORD $pw$dollar'quoted$pw$ LOGIN`)).toBe(
      `ALTER ROLE x PASSWORD '${MASK}' LOGIN`,
    )
    expect(maskSecrets(`ALTER ROLE x PASSWORD $$plain$$`)).toBe(`ALTER ROLE x PASSWORD '${MASK}'`)
  })

  it('leaves a password that is not there alone', () => {
    const text = `ALTER ROLE "ann" PASSWORD NULL; COMMENT ON ROLE ann IS 'rotates weekly'`
    expect(maskSecrets(text)).toBe(text)
    expect(maskSecrets(`ALTER ROLE "ann" PASSWORD '${MASK}'`)).toBe(
      `ALTER ROLE "ann" PASSWORD '${MASK}'`,
    )
  })

  it('masks the password option of servers and user mappings', () => {
    expect(
      maskSecrets(
        `CREATE USER MAPPING FOR "bob" SERVER "audit" OPTIONS (user 'audit', password 's3cr3t')`,
      ),
    ).toBe(
      `CREATE USER MAPPING FOR "bob" SERVER "audit" OPTIONS (user 'audit', password '${MASK}')`,
    )
    expect(maskSecrets(`ALTER USER MAPPING FOR bob SERVER a OPTIONS (SET "password" 'new')`)).toBe(
      `ALTER USER MAPPING FOR bob SERVER a OPTIONS (SET "password" '${MASK}')`,
    )
  })

  it('masks passwords inside connection strings and URIs', () => {
    expect(
      maskSecrets(
        `CREATE SUBSCRIPTION s CONNECTION 'host=db1 password=pa55 dbname=app' PUBLICATION p`,
      ),
    ).toBe(`CREATE SUBSCRIPTION s CONNECTION 'host=db1 password=${MASK} dbname=app' PUBLICATION p`)
    expect(maskSecrets(`password = 'pa ss' host=x`)).toBe(`password = '${MASK}' host=x`)
    expect(maskSecrets(`could not connect to postgres://replicator:topsecret@db1:5432/app`)).toBe(
      `could not connect to postgres://replicator:${MASK}@db1:5432/app`,
    )
  })
})
