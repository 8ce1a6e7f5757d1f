// The common refusal and plan-result shapes of plugin pages.
export * from '../../core/plugin/replies.js'
