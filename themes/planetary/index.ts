import type { ThemeConfig } from 'adminjs'
import { fileURLToPath } from 'node:url'

const stylePath = fileURLToPath(new URL('./theme.css', import.meta.url))
const darkStylePath = fileURLToPath(new URL('./theme-dark.css', import.meta.url))
const bundlePath = fileURLToPath(new URL('./theme.bundle.js', import.meta.url))

/** Planetary light: warm sun accents on a clear background. */
export const planetaryLight: ThemeConfig = {
  id: 'planetary-light',
  name: 'Planetary light',
  stylePath,
  bundlePath,
  overrides: {
    colors: {
      // 6:1 on white and 4.5:1 or more on its own 10% tint (hovered buttons).
      primary100: '#b23a0a',
      primary80: '#ea580c',
      primary60: '#f97316',
      primary40: '#fdba74',
      primary20: '#ffedd5',
      accent: '#0f766e',
      love: '#c2410c',
      bg: '#f8fafc',
      sidebar: '#ffffff',
      container: '#ffffff',
      text: '#0f172a',
      grey100: '#0f172a',
      grey80: '#334155',
      grey60: '#64748b',
      // Borders, and the background of AdminJS's plain badges under white text: dark enough
      // for that text (5.4:1).
      grey40: '#5b6b82',
      grey20: '#e2e8f0',
      white: '#ffffff',
      filterBg: '#f1f5f9',
    },
  },
}

/** Planetary dark: the same accents on the night side. */
export const planetaryDark: ThemeConfig = {
  id: 'planetary-dark',
  name: 'Planetary dark',
  stylePath: darkStylePath,
  bundlePath,
  overrides: {
    colors: {
      primary100: '#fb923c',
      primary80: '#f97316',
      primary60: '#ea580c',
      primary40: '#9a3412',
      primary20: '#431407',
      accent: '#2dd4bf',
      love: '#fb923c',
      bg: '#0b1120',
      sidebar: '#111827',
      container: '#111827',
      text: '#e2e8f0',
      grey100: '#f1f5f9',
      grey80: '#cbd5e1',
      grey60: '#94a3b8',
      // Under the badges' text, which is this theme's `white` (the night-side surface): 5.1:1.
      grey40: '#7c8aa0',
      grey20: '#1f2937',
      white: '#111827',
      // Only the pickers' option tints are drawn from it (6% for the option the arrow keys are
      // on, 12.5% while pressed): light over the night side, so the tint lifts the option.
      black: '#ffffff',
      filterBg: '#020617',
      // Alerts, borders and highlights for the night side: AdminJS's defaults are drawn for a
      // white page (its red on this background is 3:1).
      error: '#f87171',
      errorDark: '#fca5a5',
      errorLight: '#450a0a',
      success: '#2dd4bf',
      successDark: '#5eead4',
      successLight: '#042f2e',
      warning: '#fbbf24',
      warningDark: '#fcd34d',
      warningLight: '#451a03',
      info: '#93c5fd',
      infoDark: '#bfdbfe',
      infoLight: '#172554',
      inputBorder: '#475569',
      separator: '#334155',
      highlight: '#1f2937',
      border: '#1f2937',
    },
    // AdminJS computes its borders from its own (near-white) border colour: drawn again here.
    borders: {
      default: '1px solid #1f2937',
      input: '1px solid #475569',
      bg: '1px solid #0b1120',
    },
  },
}

export const planetaryThemes = [planetaryLight, planetaryDark]
