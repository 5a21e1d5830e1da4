import Link from "next/link";
import { rootMetadata } from "@/components/root-document";
import "./globals.css";

export const metadata = { ...rootMetadata, title: "页面不存在 · Page not found" };

/**
 * An address no route matches. The app has two root layouts (the platform's
 * and the storefront's, which carries the language in its path), so this page
 * brings its own <html>; it reads no cookie, hence both languages.
 */
export default function GlobalNotFound() {
  return (
    <html lang="zh-CN">
      <body>
        <main className="mx-auto max-w-md space-y-3 p-10 text-center text-slate-600" data-testid="global-not-found">
          <p className="text-4xl font-semibold text-slate-300">404</p>
          <p>页面不存在</p>
          <p className="text-sm">This page could not be found.</p>
          <Link href="/" className="inline-block text-sm text-blue-600 underline">
            返回首页 · Home
          </Link>
        </main>
      </body>
    </html>
  );
}
