import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div role="status" className="space-y-3 p-3">
      <Skeleton className="h-24 rounded-brand" />
      <div className="grid grid-cols-2 gap-3">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="aspect-square rounded-brand" />
        ))}
      </div>
    </div>
  );
}
