// The shapes the claims pages send, as the components read them.

export interface Use {
  claim: string
  source: 'setting' | 'jwt' | 'jwt-setting'
  access: 'read' | 'set'
  path?: string[]
  cast?: string
  raisesWhenUnset?: boolean
  excerpt: string
}

export interface Place {
  kind: 'policy' | 'view' | 'function' | 'default' | 'check'
  schema: string
  object: string
  detail: string | null
  part: string
  method: 'parser' | 'text'
  uses: Use[]
}

export interface Declaration {
  name: string
  type: string
  description: string
  required: boolean
  updatedBy: string
  updatedAt: string
}

export interface DeclaredClaim extends Declaration {
  places: Place[]
  roles: string[]
  castMismatches: string[]
}

export interface UndeclaredClaim {
  name: string
  places: Place[]
  suggestedType: string
  refusal?: string
}

export interface Mapping {
  role: string
  claim: string
  jwtPath: string
  note: string
  updatedBy: string
}

export interface ClaimDoc {
  claim: string
  type: string
  required: boolean
  jwtPath: string
  note: string
  setConfig: string
  typeCheck: string
  policyRead: string
}

export interface RoleDoc {
  role: string
  claims: ClaimDoc[]
  script: string
  users: { name: string; values: { claim: string; value: unknown; fits: boolean }[] }[]
}

export interface ConsoleUser {
  name: string
  role: string
  claims: Record<string, unknown>
}
