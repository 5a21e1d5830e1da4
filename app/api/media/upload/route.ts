import { uploadImage } from "@/lib/upload";

export const dynamic = "force-dynamic";

/** A product picture for the console's active tenant (products.uploadMedia: catalog.write). */
export function POST(req: Request) {
  return uploadImage(req, (caller, bytes) => caller.products.uploadMedia({ bytes }));
}
