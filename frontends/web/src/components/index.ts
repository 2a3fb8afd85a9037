/**
 * `@hall/web/components`: the form pieces both front ends use, compiled by each app's own
 * Svelte/Vite build (the `svelte` export condition). Each input's id is `f-<name>`, which the
 * error summary links to and the browser tests look for.
 */
export { default as BusinessForm } from './BusinessForm.svelte';
export { default as ChangePasswordFields } from './ChangePasswordFields.svelte';
export { default as ErrorSummary } from './ErrorSummary.svelte';
export { default as Field } from './Field.svelte';
export { default as Notice } from './Notice.svelte';
export { default as PasswordField } from './PasswordField.svelte';
export { default as SignInFields } from './SignInFields.svelte';
export { default as Timeline } from './Timeline.svelte';
export { default as UploadField } from './UploadField.svelte';
export { afterPointer, trackPointer } from './pointer';
