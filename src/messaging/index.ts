export * from './protocol';
export * from './errors';
export { callBackground, unwrapReply, type SendMessage } from './client';
export { createMessageListener, handleMessage, type BackgroundHandlers, type Caller, type Handlers, type PageHandlers, type SenderLike } from './server';
export { parseRequest, isInklingMessage } from './validate';
