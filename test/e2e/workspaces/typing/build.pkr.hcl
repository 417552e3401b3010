# The typing suite types a build block below this line with auto-closing turned off (in memory; never saved).
