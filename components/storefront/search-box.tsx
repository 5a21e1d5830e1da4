import { Search } from "lucide-react";

/** A plain GET form: works without JavaScript, keeps the query in the URL. */
export function SearchBox({ action, q, placeholder }: { action: string; q?: string; placeholder: string }) {
  return (
    <form action={action} role="search" className="px-3 pt-3">
      <label className="flex items-center gap-2 rounded-full bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-black/5">
        <Search className="h-4 w-4 text-slate-400" aria-hidden />
        <input name="q" defaultValue={q} placeholder={placeholder} aria-label={placeholder} className="w-full bg-transparent outline-none" data-testid="search-input" />
      </label>
    </form>
  );
}
