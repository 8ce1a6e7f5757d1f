import { pagesSuite } from './pages-suite.js'

// The grants pages on the embedded PostgreSQL 17.
pagesSuite('embedded')
