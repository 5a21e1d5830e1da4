import { FrameLayout } from "@/components/console/frame-layout";

export const dynamic = "force-dynamic";

export default function Layout({ children }: { children: React.ReactNode }) {
  return <FrameLayout area="platform">{children}</FrameLayout>;
}
