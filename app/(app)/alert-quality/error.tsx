"use client";

import { ErrorPanel } from "@/components/error-panel";

export default ErrorPanel;
