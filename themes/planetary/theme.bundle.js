// The Planetary themes override colours and fonts only (index.ts, theme.css): no components.
window.THEME_COMPONENTS = window.THEME_COMPONENTS || {}
