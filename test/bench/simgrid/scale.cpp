// The SimGrid peer of Strata's scale benchmark (test/bench/simgrid.bench.ts): the same
// platform and workload as the generated stack file, written against SimGrid's s4u API.
// NODES hosts of CORES cores, one VM of one core per (host, slot), PROCS actors per VM,
// each executing CPU_SECONDS of work at the host's speed. Prints the makespan as JSON.
#include <simgrid/s4u.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace sg4 = simgrid::s4u;

static constexpr double SPEED = 1e9;  // flop/s per core: one CPU-second is SPEED flops

int main(int argc, char* argv[])
{
  sg4::Engine engine(&argc, argv);
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s NODES VMS_PER_NODE PROCS_PER_VM CPU_SECONDS\n", argv[0]);
    return 2;
  }
  const int nodes = std::atoi(argv[1]);
  const int vms_per_node = std::atoi(argv[2]);
  const int procs_per_vm = std::atoi(argv[3]);
  const double cpu_seconds = std::atof(argv[4]);

  // No communication in this workload, so the hosts need no links or routes.
  auto* zone = sg4::create_empty_zone("cluster");
  for (int n = 0; n < nodes; n++) {
    sg4::Host* host = zone->create_host("N" + std::to_string(n), SPEED)->set_core_count(vms_per_node)->seal();
    for (int v = 0; v < vms_per_node; v++) {
      sg4::VirtualMachine* vm = host->create_vm("vm" + std::to_string(n) + "_" + std::to_string(v), 1);
      vm->start();
      for (int p = 0; p < procs_per_vm; p++)
        sg4::Actor::create("p" + std::to_string(p), vm, [cpu_seconds] { sg4::this_actor::execute(cpu_seconds * SPEED); });
    }
  }
  zone->seal();
  engine.run();
  std::printf("{\"makespanS\": %.6f}\n", sg4::Engine::get_clock());
  return 0;
}
