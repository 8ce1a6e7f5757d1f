import { kitchenSinkSuite } from './kitchen-sink-suite.js'

// Debian's PostgreSQL 15, installed on the machines these tests run on.
kitchenSinkSuite('debian-15')
