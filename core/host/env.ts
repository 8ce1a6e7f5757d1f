// AdminJS reads these at import time: this module must be imported before 'adminjs'.
// Express 5 does not serve dot-folders, so the component bundle lives in a plain folder.
process.env.ADMIN_JS_TMP_DIR ??= 'admin-bundle'
export {}
