import { createPageEnv, type PageEnv } from "./lib/index";

/** The one shared PageEnv (ext config, API client, language), made at launch. */
App<{ env: PageEnv | null; error: string | null }>({
  env: null,
  error: null,
  onLaunch() {
    try {
      this.env = createPageEnv(wx as never);
    } catch (e) {
      // A package whose ext.json is broken says so on every page instead of calling nowhere.
      this.error = e instanceof Error ? e.message : String(e);
    }
  },
});
