// Policy pages run their plans the common way.
export { runPlan } from '../../core/plugin/run-plan.js'
