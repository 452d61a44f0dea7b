import { PanelSkeleton } from "@/components/panel-skeleton";

export default function Loading() {
  return (
    <>
      <h1>Alert quality</h1>
      <PanelSkeleton title="Per week" />
      <PanelSkeleton title="Per finding and type" />
    </>
  );
}
