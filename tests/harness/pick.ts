import type { Locator, Page } from 'playwright-core'

/** The text box of the kit's picker named `name` (its `data-choice`), inside `scope`. */
export const pickerInput = (scope: Page | Locator, name: string): Locator =>
  scope.locator(`[data-choice="${name}"] input[role=combobox]`)

/**
 * Chooses `label` in the kit's searchable picker `name` the way a person does with the
 * keyboard: focus, type, move to the option whose text is exactly `label` (or, when none is,
 * the first that starts with `label` and a space: a note after the name, "app.ledger (RLS
 * off)"), Enter.
 *
 * @example await pick(page, 'role', 'karen')
 */
export async function pick(scope: Page | Locator, name: string, label: string): Promise<void> {
  const input = pickerInput(scope, name)
  await input.click()
  await input.fill(label)
  const page = 'page' in scope ? scope.page() : scope
  const listbox = page.getByRole('listbox')
  await listbox.getByRole('option', { name: label }).first().waitFor()
  const names = (await listbox.getByRole('option').allInnerTexts()).map((n) => n.trim())
  const exact = names.indexOf(label)
  const index = exact >= 0 ? exact : names.findIndex((n) => n.startsWith(`${label} `))
  if (index < 0) throw new Error(`no option "${label}" in ${name}: ${names.join(', ')}`)
  for (let i = 0; i < index; i++) await input.press('ArrowDown')
  await input.press('Enter')
  // A multi-value picker stays open for the next pick; Escape closes it as a person would.
  if (await listbox.isVisible()) await input.press('Escape')
}

/** The label a picker shows for its current value ('' when empty). */
export async function picked(scope: Page | Locator, name: string): Promise<string> {
  const box = scope.locator(`[data-choice="${name}"]`)
  return (await box.locator('[class*="singleValue"], [class*="single-value"]').allInnerTexts())
    .join('')
    .trim()
}

/** The value of picker `name` as the form sends it (its hidden input). */
export const pickedValue = (scope: Page | Locator, name: string): Promise<string> =>
  scope.locator(`[data-choice="${name}"] input[type=hidden][name="${name}"]`).first().inputValue()

/**
 * Sets the kit's checkbox (the design system's, whose input is hidden behind its box) by
 * clicking its label or box, as a person does; no-op when it already is `on`.
 */
export async function setCheck(box: Locator, on = true): Promise<void> {
  if ((await box.isChecked()) === on) return
  const id = await box.getAttribute('id')
  const label = box.page().locator(`label[for="${id}"]`)
  if (id && (await label.count())) await label.click()
  else await box.locator('xpath=following-sibling::*[1]').click()
  if ((await box.isChecked()) !== on) throw new Error(`checkbox ${id ?? ''} did not turn ${on}`)
}
