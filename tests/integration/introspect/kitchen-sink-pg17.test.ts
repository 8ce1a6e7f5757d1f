import { kitchenSinkSuite } from './kitchen-sink-suite.js'

// The embedded server (PostgreSQL 17 from npm).
kitchenSinkSuite('embedded')
