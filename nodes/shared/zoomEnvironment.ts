/** Where a credential's requests go. Zoom for Government runs on separate hosts; Custom is how tests and
 * the bundled simulator are reached. */
export type ZoomEnvironment = 'zoom' | 'zoomGov' | 'custom';

export interface ZoomUrls {
	oauthBaseUrl: string;
	apiBaseUrl: string;
}

const KNOWN_ENVIRONMENTS: Record<Exclude<ZoomEnvironment, 'custom'>, ZoomUrls> = {
	zoom: { oauthBaseUrl: 'https://zoom.us', apiBaseUrl: 'https://api.zoom.us/v2' },
	zoomGov: { oauthBaseUrl: 'https://zoomgov.com', apiBaseUrl: 'https://api.zoomgov.com/v2' },
};

export interface ZoomEnvironmentSettings {
	environment?: unknown;
	oauthBaseUrl?: unknown;
	apiBaseUrl?: unknown;
}

function withoutTrailingSlash(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

export function resolveZoomUrls(settings: ZoomEnvironmentSettings): ZoomUrls {
	const environment = (settings.environment as ZoomEnvironment | undefined) ?? 'zoom';
	if (environment !== 'custom') {
		return KNOWN_ENVIRONMENTS[environment] ?? KNOWN_ENVIRONMENTS.zoom;
	}
	const oauthBaseUrl = typeof settings.oauthBaseUrl === 'string' ? settings.oauthBaseUrl : '';
	const apiBaseUrl = typeof settings.apiBaseUrl === 'string' ? settings.apiBaseUrl : '';
	if (!oauthBaseUrl.trim() || !apiBaseUrl.trim()) {
		throw new Error(
			'The Custom environment needs both an OAuth Base URL (e.g. https://zoom.us) and an API Base URL (e.g. https://api.zoom.us/v2). Fill them in the Zoom SMS API credential, or choose the Zoom environment.',
		);
	}
	return { oauthBaseUrl: withoutTrailingSlash(oauthBaseUrl), apiBaseUrl: withoutTrailingSlash(apiBaseUrl) };
}
