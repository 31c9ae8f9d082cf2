/** Whether the console runs on a Mac, where shortcuts use ⌘ (the user agent says so; `navigator.platform` is deprecated). */
export const onMac = /\bMac/.test(navigator.userAgent);
