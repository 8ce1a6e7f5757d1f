import { pagesSuite } from './pages-suite.js'

// The same round trips on Debian's PostgreSQL 15: no MAINTAIN, inheritance by role attribute.
pagesSuite('debian-15')
