import { describe, expect, it } from 'vitest'
import { choiceTone } from '../../../core/host/components/choice-tone.js'
import { toneColors } from '../../../core/plugin/components/controls.jsx'

const invoice = ['draft', 'sent', 'paid', 'void']

/** WCAG relative luminance contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * (r as number) + 0.7152 * (g as number) + 0.0722 * (bl as number)
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('the badge tone of an enum value', () => {
  it('gives every invoice status its own tone, the expected one', () => {
    const tones = invoice.map((v) => choiceTone(v, invoice))
    expect(tones).toEqual(['muted', 'info', 'ok', 'error'])
    expect(new Set(tones).size).toBe(invoice.length)
  })

  it('places other values by their place among the type values, the same every time', () => {
    const levels = ['bronze', 'silver', 'gold']
    expect(levels.map((v) => choiceTone(v, levels))).toEqual(['info', 'accent', 'ok'])
    expect(choiceTone('gold', levels)).toBe(choiceTone('gold', levels))
    expect(choiceTone('PAID ', levels)).toBe('ok')
  })

  it('keeps every tone readable: text on its background at 4.5:1 or more', () => {
    for (const [tone, c] of Object.entries(toneColors)) {
      expect(contrast(c.color, c.background), tone).toBeGreaterThanOrEqual(4.5)
    }
  })
})
