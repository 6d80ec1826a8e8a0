/** Where the app runs: desktop, or a phone (which has no status bar). */
import type * as O from "obsidian";

/**
 * Where the app runs. The tests set `isMobile` before the plugin loads; the rest follows from it
 * as on a phone.
 */
export const Platform: typeof O.Platform = {
	isDesktop: true,
	isMobile: false,
	isDesktopApp: true,
	isMobileApp: false,
	isIosApp: false,
	isAndroidApp: false,
	isPhone: false,
	isTablet: false,
	isMacOS: false,
	isWin: false,
	isLinux: true,
	isSafari: false,
	resourcePathPrefix: "app://local/",
};

/** Makes the harness a phone (or a desktop again). */
export function setMobile(mobile: boolean): void {
	Object.assign(Platform, { isDesktop: !mobile, isMobile: mobile, isDesktopApp: !mobile, isMobileApp: mobile, isAndroidApp: mobile, isPhone: mobile, isLinux: !mobile });
}
