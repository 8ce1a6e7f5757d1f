import { describe, expect, it } from 'vitest'
import {
  CancelledError,
  ConsoleBusyError,
  ExecutionError,
  InvalidInputError,
  NotFoundError,
} from '../../../core/errors.js'
import { HttpError } from '../../../core/host/edge.js'
import { errorReply } from '../../../core/host/error-reply.js'
import { NOT_FOUND } from '../../../core/host/route-guard.js'

const karen = { email: 'karen', personas: ['data'] }
const bob = { email: 'bob', personas: ['ops'] }

describe('errorReply', () => {
  it('answers a full pool with 503 and when to try again', () => {
    expect(errorReply(new ConsoleBusyError('requests', 5_000), karen)).toMatchObject({
      status: 503,
      retryAfter: 5,
      log: false,
    })
  })

  it('answers a statement cancelled by its timeout with 503', () => {
    const err = new ExecutionError('canceling statement due to statement timeout', {
      sqlstate: '57014',
      statement: 'SELECT * FROM app.invoice_v',
    })
    expect(errorReply(err, karen)).toMatchObject({ status: 503 })
    expect(errorReply(err, karen).message).not.toContain('SELECT')
  })

  it('answers abandoned work and a cancel straight from pg with 503, logging neither', () => {
    const gone = new CancelledError('the client went away; its queries were cancelled')
    const raw = Object.assign(new Error('canceling statement due to user request'), {
      code: '57014',
    })
    for (const err of [gone, raw]) {
      expect(errorReply(err, bob)).toMatchObject({ status: 503, log: false })
    }
    // any other error straight from pg is still an internal error, logged
    const other = Object.assign(new Error('relation does not exist'), { code: '42P01' })
    expect(errorReply(other, bob)).toMatchObject({ status: 500, log: true })
  })

  it('answers absent and forbidden alike', () => {
    const forbidden = Object.assign(new Error('You cannot'), { name: 'ForbiddenError' })
    expect(errorReply(forbidden, karen)).toEqual(errorReply(new NotFoundError('gone'), karen))
    expect(errorReply(forbidden, karen)).toMatchObject({ status: 404, message: NOT_FOUND })
  })

  it('keeps the statement from a data user and shows it to a manager', () => {
    const err = new ExecutionError('division by zero', {
      statement: 'SELECT 1/0 FROM app.secret',
      position: 8,
    })
    expect(errorReply(err, karen).message).toBe('division by zero')
    expect(errorReply(err, bob).message).toContain('SELECT 1/0 FROM app.secret')
  })

  it('maps refusals to 4xx and hides the unknown', () => {
    expect(errorReply(new HttpError(413, 'too big'), karen).status).toBe(413)
    expect(errorReply(InvalidInputError.field('amount', 'too big'), karen).status).toBe(400)
    const parser = Object.assign(new Error('Unexpected token'), {
      status: 400,
      type: 'entity.parse.failed',
    })
    expect(errorReply(parser, karen)).toMatchObject({
      status: 400,
      message: 'The request body is not valid JSON',
    })
    const unknown = errorReply(new TypeError('x is undefined at /srv/app.js:1'), karen)
    expect(unknown).toMatchObject({ status: 500, log: true })
    expect(unknown.message).not.toContain('app.js')
  })
})
