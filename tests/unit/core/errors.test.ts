import { describe, expect, it } from 'vitest'
import {
  ExecutionError,
  InvalidInputError,
  caretLines,
  toExecutionError,
} from '../../../core/errors.js'

describe('caretLines', () => {
  it('puts the caret under the position on the right line', () => {
    expect(caretLines('select *\nfrom t\nwhere x = = 1', 27)).toBe(
      'LINE 3: where x = = 1\n                  ^',
    )
    expect(caretLines('select * fro t', 10)).toBe('LINE 1: select * fro t\n                 ^')
  })
})

describe('toExecutionError', () => {
  it('keeps SQLSTATE, statement, position, column and constraint from a driver error', () => {
    const driver = Object.assign(new Error('column "nme" does not exist'), {
      code: '42703',
      position: '8',
      hint: 'Perhaps you meant "name".',
      column: 'nme',
    })
    const err = toExecutionError(driver, 'select nme from t') as ExecutionError
    expect(err).toBeInstanceOf(ExecutionError)
    expect(err.sqlstate).toBe('42703')
    expect(err.position).toBe(8)
    expect(err.column).toBe('nme')
    expect(err.format()).toContain('LINE 1: select nme from t\n               ^')
    expect(err.format()).toContain('HINT: Perhaps you meant "name".')
  })

  it('passes other errors through', () => {
    const plain = new Error('boom')
    expect(toExecutionError(plain)).toBe(plain)
    const input = new InvalidInputError('bad', { a: 'b' })
    expect(toExecutionError(input)).toBe(input)
  })
})
