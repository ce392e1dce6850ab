// The benchmark's peer: the same operation as extend-cancel's cancelWorkflowRun, written the way a Node.js Lambda
// would be, with Extend's official SDK (npm extend-ai, pinned in package.json). Direct invocation {"id": "..."}.
'use strict';
const { ExtendClient } = require('extend-ai');

// Built once per execution environment (at init), like any Lambda client.
const client = new ExtendClient({
  token: process.env.EXTEND_API_KEY,
  // EXTEND_BASE_URL points the SDK at the bench's loopback stub; unset, the SDK uses https://api.extend.ai.
  ...(process.env.EXTEND_BASE_URL ? { baseUrl: process.env.EXTEND_BASE_URL } : {}),
});

exports.handler = async (event) => {
  if (!event || typeof event.id !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(event.id)) {
    const err = new Error('The event has no valid run id');
    err.name = 'InvalidRunRequest';
    throw err;
  }
  const request = event.workspaceId ? { 'x-extend-workspace-id': event.workspaceId } : {};
  return client.workflowRuns.cancel(event.id, request);
};
