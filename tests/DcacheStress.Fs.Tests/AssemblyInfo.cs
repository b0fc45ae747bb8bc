// SPDX-License-Identifier: GPL-2.0-only
// Some tests here run real threads against one dcache; running test classes in parallel on a small
// machine would only add noise to them, so run serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
