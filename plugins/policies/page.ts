// The common page handler: GET loads, every action needs POST.
export {
  pageHandler,
  planMode,
  textField,
  type PageAction,
  type PageSpec,
  type PlanMode,
} from '../../core/plugin/page.js'
