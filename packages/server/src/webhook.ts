/** A webhook whose signature is missing, wrong or too old: answered 400, nothing applied. */
export class WebhookSignatureError extends Error {}
