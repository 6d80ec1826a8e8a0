/** Local calendar dates as `YYYY-MM-DD`, the only form the core accepts. */

function pad(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

export function isoDate(d: Date): string {
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Today in the user's time zone. */
export function today(now: Date = new Date()): string {
	return isoDate(now);
}

/** The date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
	const [y, m, d] = iso.split("-").map(Number);
	return isoDate(new Date(y, m - 1, d + days));
}

/** The same day `months` later (clamped to the month's end). */
export function addMonths(iso: string, months: number): string {
	const [y, m, d] = iso.split("-").map(Number);
	const last = new Date(y, m - 1 + months + 1, 0).getDate();
	return isoDate(new Date(y, m - 1 + months, Math.min(d, last)));
}
