import type {
  MatrixRole,
  PrivilegeMatrix,
  PrivilegeReason,
} from '../../../core/introspect/index.js'
import { PUBLIC_ROLE } from '../../../core/introspect/index.js'

const role = (name: string, extra: Partial<MatrixRole> = {}): MatrixRole => ({
  oid: name.length,
  name,
  superuser: false,
  login: true,
  inherit: true,
  predefined: false,
  memberOf: [],
  ...extra,
})

const direct = (grantee: string, grantor = 'owner_role'): PrivilegeReason => ({
  kind: 'direct',
  grantee,
  chain: [grantee],
  grantor,
  grantable: false,
})

/**
 * A small matrix of schema `app`: invoice (table, owned by owner_role) and invoice_v (view).
 * ann holds SELECT on invoice directly and through `readers`; bob holds SELECT (email) on
 * invoice by a column grant; PUBLIC holds SELECT on invoice_v.
 */
export const MATRIX: PrivilegeMatrix = {
  schema: 'app',
  privileges: [
    'SELECT',
    'INSERT',
    'UPDATE',
    'DELETE',
    'TRUNCATE',
    'REFERENCES',
    'TRIGGER',
    'MAINTAIN',
  ],
  columnPrivileges: ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'],
  roles: [
    PUBLIC_ROLE,
    role('ann', { memberOf: ['readers'] }),
    role('bob'),
    role('owner_role'),
    role('readers', { login: false }),
    role('root', { superuser: true }),
  ],
  relations: [
    {
      oid: 100,
      schema: 'app',
      name: 'invoice',
      kind: 'table',
      owner: 'owner_role',
      columns: [
        { attnum: 1, name: 'id' },
        { attnum: 2, name: 'email' },
        { attnum: 3, name: 'Tax %' },
      ],
    },
    {
      oid: 200,
      schema: 'app',
      name: 'invoice_v',
      kind: 'view',
      owner: 'owner_role',
      columns: [{ attnum: 1, name: 'id' }],
    },
  ],
  cells: [
    {
      role: 'ann',
      relationOid: 100,
      column: null,
      privilege: 'SELECT',
      reasons: [
        direct('ann'),
        {
          kind: 'member',
          grantee: 'readers',
          chain: ['ann', 'readers'],
          grantor: 'owner_role',
          grantable: false,
        },
      ],
    },
    {
      role: 'readers',
      relationOid: 100,
      column: null,
      privilege: 'SELECT',
      reasons: [direct('readers')],
    },
    {
      role: 'bob',
      relationOid: 100,
      column: 'email',
      privilege: 'SELECT',
      reasons: [direct('bob')],
    },
    {
      role: 'bob',
      relationOid: 100,
      column: null,
      privilege: 'UPDATE',
      reasons: [direct('bob', 'ann')],
    },
    {
      role: 'PUBLIC',
      relationOid: 200,
      column: null,
      privilege: 'SELECT',
      reasons: [direct('PUBLIC')],
    },
    {
      role: 'ann',
      relationOid: 200,
      column: null,
      privilege: 'SELECT',
      reasons: [
        { kind: 'public', grantee: 'PUBLIC', chain: [], grantor: 'owner_role', grantable: false },
      ],
    },
  ],
}
