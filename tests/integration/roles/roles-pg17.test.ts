import { rolesSuite } from './roles-suite.js'

// The embedded PostgreSQL 17.
rolesSuite()
