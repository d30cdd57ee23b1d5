print("usetrace-sim")
