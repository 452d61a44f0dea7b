-- Issue 21: the analyst role, between viewer and oncall (viewer < analyst < oncall < admin). An analyst
-- reads what a viewer reads and writes annotations; acting on alerts stays oncall's. BEFORE keeps the
-- enum's order the order of the roles (lib/vocabulary.ts lists them in it).
ALTER TYPE "user_role" ADD VALUE 'analyst' BEFORE 'oncall';
