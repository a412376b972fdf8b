export { connectRedis, queueError, redisOptions } from './connection.js';
export { type PlanResult, planRestore } from './plan.js';
export { type JobProgress, jobProgress } from './status.js';
export { type WorkerOptions, serveJobs } from './worker.js';
