// AdminJS reads these at import time: this module must be imported before 'adminjs'.
// Express 5 does not serve dot-folders, so the component bundle lives in a plain folder; the
// bundle a development start makes stays apart from the one `npm run build` made for production.
process.env.ADMIN_JS_TMP_DIR ??=
  process.env.NODE_ENV === 'production' ? 'admin-bundle' : 'admin-bundle/development'
export {}
