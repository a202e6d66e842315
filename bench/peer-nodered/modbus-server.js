// The device of bench/peer-nodered.sh: one modbus-serial ServerTCP on loopback whose N holding
// registers all take a new value every 100 ms (register i holds (i * 61 + tick) & 0xFFFF, so the
// values spread over the whole uint16 range and each changes every tick). It counts the registers it
// served and writes the running total to a file every 100 ms.
//   node modbus-server.js PORT REGISTERS COUNTER_FILE
"use strict";
const fs = require("fs");
const ModbusRTU = require("modbus-serial");

const [port, registers, counterFile] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const values = new Array(registers).fill(0);
let tick = 0;
let served = 0;

function change() {
    tick++;
    for (let i = 0; i < registers; i++) {
        values[i] = (i * 61 + tick) & 0xFFFF;
    }
}

change();
const vector = {
    getMultipleHoldingRegisters(address, length) {
        if (address + length > registers) {
            throw { modbusErrorCode: 0x02, msg: "illegal data address" };
        }
        served += length;
        return values.slice(address, address + length);
    },
    getHoldingRegister(address) {
        served++;
        return values[address];
    },
};
const server = new ModbusRTU.ServerTCP(vector, { host: "127.0.0.1", port, unitID: 1 });
server.on("socketError", (e) => console.error("socket error:", e.message));
setInterval(() => {
    change();
    fs.writeFileSync(counterFile + ".new", String(served));
    fs.renameSync(counterFile + ".new", counterFile);
}, 100);
