/* parbench: one executable for every kernel, variant and driver. */
#include "cli/commands.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
