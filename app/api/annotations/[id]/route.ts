import { NextResponse } from "next/server";
import { DeleteAnnotationInput } from "@/lib/annotations/annotation-input";
import { deleteAnnotation } from "@/lib/annotations/annotations";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { apiHandler } from "@/lib/http/api-handler";

export const dynamic = "force-dynamic";

/** DELETE /api/annotations/[id] — its author or an admin; 403 for anyone else, 404 when it is gone. */
export const DELETE = apiHandler(
  async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const actor = await requireUser("read");
    const input = DeleteAnnotationInput.parse(await params);
    return NextResponse.json(await deleteAnnotation({ db: db(), actor, now: new Date(), input }));
  },
);
